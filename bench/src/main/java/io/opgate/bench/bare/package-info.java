/**
 * Bare Reactor Netty servers that answer what opgate answers with nothing in between: the floor each opgate figure
 * is compared with.
 */
@NullMarked
package io.opgate.bench.bare;

import org.jspecify.annotations.NullMarked;
