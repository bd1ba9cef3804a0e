/** Load clients and set-up tools that talk to opgate (or a bare server) over loopback. */
@NullMarked
package io.opgate.bench.load;

import org.jspecify.annotations.NullMarked;
