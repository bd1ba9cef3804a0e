/** Configuration properties and Spring wiring. */
@NullMarked
package io.opgate.gateway.config;

import org.jspecify.annotations.NullMarked;
