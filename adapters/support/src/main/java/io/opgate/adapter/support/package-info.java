/**
 * What the backend adapters share: the {@link io.opgate.contracts.spi.BackendTransport} on Reactor Netty ({@link
 * io.opgate.adapter.support.ReactorNettyTransport}), the secret-free reading of failures and {@code Retry-After}
 * ({@link io.opgate.adapter.support.BackendHttp}), and the JSON mapper and small JSON helpers their mappers need
 * ({@link io.opgate.adapter.support.AdapterJson}, {@link io.opgate.adapter.support.JsonStrings}). Nothing here knows
 * any one backend.
 */
@NullMarked
package io.opgate.adapter.support;

import org.jspecify.annotations.NullMarked;
