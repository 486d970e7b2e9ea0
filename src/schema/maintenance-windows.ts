/** maintenance-windows: placeholder, being written. */
import './builder.ts';
