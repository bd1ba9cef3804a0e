/** The normalized operation: the one shape every backend's long-running operation is reported in. */
@NullMarked
package io.opgate.contracts.model;

import org.jspecify.annotations.NullMarked;
