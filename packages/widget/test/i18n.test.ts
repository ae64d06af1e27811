import {
  MOBILE_STATUSES,
  REGISTRATION_STATUSES,
  REVIEW_STATUSES,
  STATUSES,
  TERMINAL_STATUSES,
  WEB_IDENTIFICATION_STATUSES,
  WEB_IDENTIFICATION_STEPS,
} from '@borica-identify/protocol/constants';
import { expect } from '@open-wc/testing';
import bg from '../src/i18n/bg.ts';
import en from '../src/i18n/en.ts';
import type { Translation } from '../src/i18n/translation.ts';

// N_A ("not reviewed yet") says nothing the registration status does not: it has no sentence of its own,
// so the widget shows the registration status beside it.
const provider = [
  ...WEB_IDENTIFICATION_STATUSES,
  ...WEB_IDENTIFICATION_STEPS,
  ...REGISTRATION_STATUSES,
  ...REVIEW_STATUSES.filter((r) => r !== 'N_A'),
  ...MOBILE_STATUSES,
];

const keys = (t: object): string[] =>
  Object.entries(t)
    .flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v).map((x) => `${k}.${x}`) : [k]))
    .sort();

describe('texts', () => {
  for (const [name, t] of [
    ['bg', bg],
    ['en', en],
  ] as [string, Translation][]) {
    it(`${name}: a sentence for every status, provider status and step of the guide`, () => {
      for (const s of STATUSES) expect(t.status[s], s).to.be.a('string').and.not.equal('');
      for (const s of TERMINAL_STATUSES) {
        expect(t.doneIdentify[s], s).to.be.a('string').and.not.equal('');
        expect(t.doneSign[s], s).to.be.a('string').and.not.equal('');
      }
      for (const p of provider) expect(t.provider[p], p).to.be.a('string').and.not.equal('');
      expect(t.expiresIn('1:05')).to.contain('1:05');
    });
  }

  it('both languages have the same keys', () => {
    expect(keys(bg)).to.deep.equal(keys(en));
  });
});
