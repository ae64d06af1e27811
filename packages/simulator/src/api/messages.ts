/** The provider's response messages; `Accept-language: en` gives English, anything else Bulgarian. */
export type ApiLanguage = 'bg' | 'en';

export const MESSAGES = {
  ACCEPTED: { en: 'The request has been accepted.', bg: 'Заявката е приета.' },
  SUCCESSFUL: { en: 'Successful operation', bg: 'Успешна операция' },
  OK: { en: 'The request has been executed successfully.', bg: 'Заявката е успешно изпълнена.' },
  'BAD REQUEST': {
    en: 'The request could not be understood by the server due to malformed syntax (invalid request parameters).',
    bg: 'Заявката не може да бъде разбрана от сървъра поради неправилен синтаксис (невалидни параметри на заявката).',
  },
  UNAUTHORIZED: { en: 'The request is unauthorized.', bg: 'Заявката не е оторизирана.' },
  NOT_FOUND: {
    en: 'The server has not found the signed content.',
    bg: 'Сървърът не намери търсеното съдържание.',
  },
  REJECTED: { en: 'The request is rejected.', bg: 'Заявката е отхвърлена.' },
  ERROR: {
    en: 'Internal server error. The server encountered an unexpected condition which prevented it from fulfilling the request.',
    bg: 'Вътрешна грешка на сървъра. Възникна неочаквано състояние, което попречи на изпълнението на заявката.',
  },
} as const;

export type MessageKey = keyof typeof MESSAGES;

export function languageOf(acceptLanguage: string | undefined): ApiLanguage {
  return acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'bg';
}

export function message(key: MessageKey, lang: ApiLanguage): string {
  return MESSAGES[key][lang];
}
