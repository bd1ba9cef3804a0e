/** The SolidFire adapter. */
@NullMarked
package io.opgate.adapter.solidfire;

import org.jspecify.annotations.NullMarked;
