/** Benchmark tooling: one entry point for the scripts in {@code bench/scripts}. */
@NullMarked
package io.opgate.bench;

import org.jspecify.annotations.NullMarked;
