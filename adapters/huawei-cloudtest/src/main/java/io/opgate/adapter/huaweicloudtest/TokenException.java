package io.opgate.adapter.huaweicloudtest;

/** IAM gave no usable token. The message is meant for the operation's backend status and never holds a credential. */
final class TokenException extends RuntimeException {

    TokenException(String message) {
        super(message, null, false, false);
    }
}
