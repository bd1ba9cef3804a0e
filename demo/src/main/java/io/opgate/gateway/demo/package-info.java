/** The built-in demo: simulated backends and a stream of operations on them. */
@NullMarked
package io.opgate.gateway.demo;

import org.jspecify.annotations.NullMarked;
