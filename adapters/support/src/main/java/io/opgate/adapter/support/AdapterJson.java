package io.opgate.adapter.support;

import tools.jackson.databind.json.JsonMapper;

/** The JSON mapper the adapters read backend answers and write request bodies with. */
public final class AdapterJson {

    /**
     * Jackson's defaults: backend payloads are read as trees, never bound to classes, so no setting of the gateway's
     * own mapper applies to them. Immutable, so one serves every adapter.
     */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AdapterJson() {}
}
