export {
  createWebhookDispatcher,
  DEFAULT_RETRY_DELAYS_MS,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
} from './dispatcher.ts';
export {
  signWebhook,
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookVerifyProblem,
  webhookKey,
} from './signature.ts';
