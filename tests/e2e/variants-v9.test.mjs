// The guided diagnostic on the `v9` replica: the cells of variants.mjs.
import { variantSuite } from './variants.mjs';

variantSuite('v9');
