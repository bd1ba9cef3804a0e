/** Simulated backends: faithful loopback stand-ins for the vendors' asynchronous operation APIs. */
@NullMarked
package io.opgate.simulator;

import org.jspecify.annotations.NullMarked;
