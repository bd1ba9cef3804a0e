/** Who is calling: tenants and roles. */
@NullMarked
package io.opgate.gateway.security;

import org.jspecify.annotations.NullMarked;
