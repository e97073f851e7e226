/**
 * zca-js, typed. Its type entry (index.d.ts) re-exports "./dist" without a file extension, which
 * TypeScript's NodeNext resolution cannot follow (RFS-ADRENO/zca-js#251), so every import from
 * 'zca-js' type-checks as empty. Its runtime entry is fine: the values come from the package and
 * their types from the declaration files directly. With `"paths": { "zca-js":
 * ["./node_modules/zca-js/dist/index.d.ts"] }` in tsconfig.json this file could go.
 */
import * as zcaJs from 'zca-js';
import type * as ZcaJs from '../../../node_modules/zca-js/dist/index.js';

export const { Zalo, ThreadType, LoginQRCallbackEventType } = zcaJs as unknown as typeof ZcaJs;
export type Zalo = ZcaJs.Zalo;
export type { API, Credentials, Message, SendMessageQuote } from '../../../node_modules/zca-js/dist/index.js';
