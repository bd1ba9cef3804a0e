/**
 * What the backend adapters share: one bounded HTTP exchange with secret-free failure reasons ({@link
 * io.opgate.adapter.support.BackendHttp}) and the small JSON helpers their mappers need ({@link
 * io.opgate.adapter.support.JsonStrings}). Nothing here knows any one backend.
 */
@NullMarked
package io.opgate.adapter.support;

import org.jspecify.annotations.NullMarked;
