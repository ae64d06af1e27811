import { define } from '../../define.ts';
import { BoricaSign } from './sign.component.ts';

export { BoricaSign };

define('borica-sign', BoricaSign);

declare global {
  interface HTMLElementTagNameMap {
    'borica-sign': BoricaSign;
  }
}
