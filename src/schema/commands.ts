/** commands: placeholder, being written. */
import './builder.ts';
