/** The Alibaba Cloud BPStudio adapter. */
@NullMarked
package io.opgate.adapter.aliyunbpstudio;

import org.jspecify.annotations.NullMarked;
