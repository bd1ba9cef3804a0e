/** Trace context on the gateway's own calls to the backends. */
@NullMarked
package io.opgate.gateway.tracing;

import org.jspecify.annotations.NullMarked;
