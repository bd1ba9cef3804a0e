package io.opgate.gateway.api;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageEncoder;
import org.springframework.util.MimeType;
import reactor.core.publisher.Flux;

/**
 * Writes {@link SseFrame}s as they are: the bytes were made once for all the clients of a change, so writing one is
 * wrapping it, not encoding it. {@code text/event-stream} is a streaming type, so WebFlux flushes after each frame.
 */
public final class SseFrameEncoder implements HttpMessageEncoder<SseFrame> {

    private static final List<MimeType> TYPES = List.of(MediaType.TEXT_EVENT_STREAM);

    @Override
    public boolean canEncode(ResolvableType elementType, @Nullable MimeType mimeType) {
        return SseFrame.class.isAssignableFrom(elementType.toClass())
                && (mimeType == null || MediaType.TEXT_EVENT_STREAM.isCompatibleWith(mimeType));
    }

    @Override
    public Flux<DataBuffer> encode(
            Publisher<? extends SseFrame> frames,
            DataBufferFactory buffers,
            ResolvableType elementType,
            @Nullable MimeType mimeType,
            @Nullable Map<String, Object> hints) {
        return Flux.from(frames).map(frame -> buffers.wrap(frame.bytes()));
    }

    @Override
    public DataBuffer encodeValue(
            SseFrame frame,
            DataBufferFactory buffers,
            ResolvableType valueType,
            @Nullable MimeType mimeType,
            @Nullable Map<String, Object> hints) {
        return buffers.wrap(frame.bytes());
    }

    @Override
    public List<MimeType> getEncodableMimeTypes() {
        return TYPES;
    }

    @Override
    public List<MediaType> getStreamingMediaTypes() {
        return List.of(MediaType.TEXT_EVENT_STREAM);
    }
}
