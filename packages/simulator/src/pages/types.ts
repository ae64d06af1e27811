import type { Context } from '../context.ts';
import type { SimulatorControl } from '../control.ts';
import type { Lang } from './i18n.ts';

export interface PageRequest {
  method: string;
  url: URL;
  params: string[];
  /** Form fields of a urlencoded POST. */
  form: URLSearchParams;
  /** Parsed JSON of a POST to /__sim (undefined otherwise). */
  json: unknown;
  /** `?lang=` if given, else the Accept-Language preference. */
  lang: Lang;
  /** True when the caller chose the language with `?lang=`. */
  langChosen: boolean;
}

export type PageResult =
  | { status: number; html: string }
  | { status: number; json: unknown }
  | { status: 303; redirect: string }
  | { status: 200; pdf: Buffer; fileName: string; download: boolean }
  | { status: number; text: string };

export interface PageDeps {
  ctx: Context;
  control: SimulatorControl;
}

export type PageHandler = (deps: PageDeps, req: PageRequest) => PageResult | Promise<PageResult>;
