/** The adapter compatibility kit: one behaviour every backend adapter is held to, and the fake server it uses. */
@NullMarked
package io.opgate.adapter.kit;

import org.jspecify.annotations.NullMarked;
