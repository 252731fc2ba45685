// The guided diagnostic on the `v8` replica: the cells of variants.mjs.
import { variantSuite } from './variants.mjs';

variantSuite('v8');
