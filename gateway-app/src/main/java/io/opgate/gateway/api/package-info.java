/** The HTTP and Server-Sent Events API. */
@NullMarked
package io.opgate.gateway.api;

import org.jspecify.annotations.NullMarked;
