import { define } from '../../define.ts';
import { BoricaIdentify } from './identify.component.ts';

export { BoricaIdentify };

define('borica-identify', BoricaIdentify);

declare global {
  interface HTMLElementTagNameMap {
    'borica-identify': BoricaIdentify;
  }
}
