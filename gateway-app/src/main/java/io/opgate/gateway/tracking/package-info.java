/** Tracking: scheduling polls, calling adapters, turning outcomes into versioned changes. */
@NullMarked
package io.opgate.gateway.tracking;

import org.jspecify.annotations.NullMarked;
