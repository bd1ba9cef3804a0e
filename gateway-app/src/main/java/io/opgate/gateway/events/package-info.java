/** Fan-out of changes to this instance's stream subscribers, with per-client conflation. */
@NullMarked
package io.opgate.gateway.events;

import org.jspecify.annotations.NullMarked;
