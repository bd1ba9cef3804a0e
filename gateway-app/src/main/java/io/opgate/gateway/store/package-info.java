/** Where operations and their changes are kept: the store and change feed interfaces and their in-memory implementations. */
@NullMarked
package io.opgate.gateway.store;

import org.jspecify.annotations.NullMarked;
