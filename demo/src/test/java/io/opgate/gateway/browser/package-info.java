/** Browsers and other third-party clients against the running gateway: HTTP/2, CORS, EventSource, the dashboard. */
@NullMarked
package io.opgate.gateway.browser;

import org.jspecify.annotations.NullMarked;
