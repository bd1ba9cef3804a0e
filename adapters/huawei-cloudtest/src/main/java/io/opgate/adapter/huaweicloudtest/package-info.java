/** The Huawei Cloud CloudTest adapter. */
@NullMarked
package io.opgate.adapter.huaweicloudtest;

import org.jspecify.annotations.NullMarked;
