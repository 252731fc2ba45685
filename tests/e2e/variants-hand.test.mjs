// The guided diagnostic on the `hand` replica: the cells of variants.mjs.
import { variantSuite } from './variants.mjs';

variantSuite('hand');
