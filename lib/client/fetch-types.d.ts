/**
 * The generated client names `BodyInit`, a DOM type; this project compiles
 * without the DOM library, so it is taken from Node's own fetch (undici).
 */
import type { BodyInit as UndiciBodyInit } from 'undici-types';

declare global {
  type BodyInit = UndiciBodyInit;
}
