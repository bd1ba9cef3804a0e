/** The ONTAP adapter. */
@NullMarked
package io.opgate.adapter.ontap;

import org.jspecify.annotations.NullMarked;
