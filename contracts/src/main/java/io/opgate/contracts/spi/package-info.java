/**
 * The backend adapter SPI: how the gateway asks one backend about one operation.
 *
 * <p>One adapter module per backend type provides a {@link io.opgate.contracts.spi.BackendAdapterFactory} through
 * {@link java.util.ServiceLoader}. The gateway creates one {@link io.opgate.contracts.spi.BackendAdapter} per
 * configured backend and calls it as described on that interface.
 */
@NullMarked
package io.opgate.contracts.spi;

import org.jspecify.annotations.NullMarked;
