/** associations: placeholder, being written. */
import './builder.ts';
