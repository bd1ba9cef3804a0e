{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "opgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name. */}}
{{- define "opgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "opgate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "opgate.labels" -}}
helm.sh/chart: {{ include "opgate.chart" . }}
{{ include "opgate.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "opgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "opgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "opgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "opgate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the chart creates for credentials: true when any credential value is given and no existing Secret. */}}
{{- define "opgate.createSecret" -}}
{{- if and (not .Values.secrets.existingSecret) (or .Values.secrets.backends .Values.secrets.apiKeys) }}true{{- end }}
{{- end }}

{{- define "opgate.secretName" -}}
{{- default (printf "%s-secrets" (include "opgate.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{- define "opgate.secretKey" -}}
{{- if .Values.secrets.existingSecret }}{{ .Values.secrets.existingSecretKey }}{{ else }}secrets.yaml{{ end }}
{{- end }}

{{- define "opgate.mountsSecret" -}}
{{- if or .Values.secrets.existingSecret (include "opgate.createSecret" .) }}true{{- end }}
{{- end }}

{{- define "opgate.image" -}}
{{- if include "opgate.demoEnabled" . }}
{{- /* The demo is a build of its own (the Dockerfile with APP=demo/target/opgate-demo.jar): the production image
       carries neither the simulated backends nor the demo. A digest pins the production image, so it does not apply. */}}
{{- printf "%s-demo:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- else if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{- define "opgate.redisSecretName" -}}
{{- default (printf "%s-redis" (include "opgate.fullname" .)) .Values.redis.existingSecret }}
{{- end }}

{{- define "opgate.redisStore" -}}
{{- if eq .Values.opgate.store "redis" }}true{{ end }}
{{- end }}

{{/* Whether the pod reads the Redis password from a Secret. */}}
{{- define "opgate.redisPassword" -}}
{{- if and (include "opgate.redisStore" .) (or .Values.redis.existingSecret .Values.redis.password) }}true{{- end }}
{{- end }}

{{/* The key of the sentinels' password in the Redis Secret, or nothing when the sentinels need none. */}}
{{- define "opgate.sentinelPasswordKey" -}}
{{- if .Values.redis.sentinel.password }}{{ .Values.redis.sentinel.passwordKey | default "sentinel-password" }}
{{- else if .Values.redis.sentinel.passwordKey }}{{ .Values.redis.sentinel.passwordKey }}
{{- end }}
{{- end }}

{{- define "opgate.createRedisSecret" -}}
{{- if and (include "opgate.redisStore" .) (not .Values.redis.existingSecret) (or .Values.redis.password .Values.redis.sentinel.password) }}true{{- end }}
{{- end }}

{{- define "opgate.redisTlsMountPath" -}}/etc/opgate/redis-tls{{- end }}

{{/* Whether the ServiceMonitor is rendered: forced on or off, or "auto" when the Prometheus Operator's API exists. */}}
{{- define "opgate.serviceMonitor" -}}
{{- $enabled := .Values.metrics.serviceMonitor.enabled }}
{{- if eq (toString $enabled) "true" }}true
{{- else if and (eq (toString $enabled) "auto") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") }}true
{{- end }}
{{- end }}

{{- define "opgate.demoEnabled" -}}
{{- if or .Values.demo.enabled (and .Values.opgate.demo .Values.opgate.demo.enabled) }}true{{ end }}
{{- end }}

{{/*
Refuses a credential among plain settings: walks a value (dict "path" "value") and fails at the first string under a
key named like a credential that is not a ${NAME} placeholder.
*/}}
{{- define "opgate.noCredential" -}}
{{- $path := .path }}
{{- if kindIs "map" .value }}
{{- range $key, $value := .value }}
{{- $child := printf "%s.%s" $path $key }}
{{- if and (regexMatch "(?i)(password|passwd|secret|token|credentials?|private-key|token-keys)$" $key) (not (kindIs "map" $value)) }}
{{- range $item := (kindIs "slice" $value | ternary $value (list $value)) }}
{{- if and $item (not (regexMatch "^\\$\\{[A-Za-z_][A-Za-z0-9_.:-]*\\}$" (toString $item))) }}
{{- fail (printf "%s holds a credential, which would land in the ConfigMap: put it in a Secret and write a placeholder here, e.g. %s: ${MY_PASSWORD} with secrets.env [{name: MY_PASSWORD, secretName: ..., key: ...}]%s" $child $key (hasPrefix "opgate.backends." $child | ternary " (or secrets.backends)" "")) }}
{{- end }}
{{- end }}
{{- else }}
{{- include "opgate.noCredential" (dict "path" $child "value" $value) }}
{{- end }}
{{- end }}
{{- else if kindIs "slice" .value }}
{{- range $i, $item := .value }}
{{- include "opgate.noCredential" (dict "path" (printf "%s[%d]" $path $i) "value" $item) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The TCP port of each host of a URL (redis, redis-sentinel, http and the like), as a list. */}}
{{- define "opgate.urlPorts" -}}
{{- $scheme := regexFind "^[a-z-]+" . }}
{{- $default := get (dict "redis" 6379 "rediss" 6379 "redis-sentinel" 26379 "rediss-sentinel" 26379 "http" 80 "https" 443) $scheme | default 443 }}
{{- $hosts := regexReplaceAll "[/?#].*$" (regexReplaceAll "^[a-z-]+://([^@/]*@)?" . "") "" }}
{{- $ports := list }}
{{- range splitList "," $hosts }}
{{- $port := regexFind ":[0-9]+$" . | trimPrefix ":" }}
{{- $ports = append $ports (int ($port | default $default)) }}
{{- end }}
{{- toJson $ports }}
{{- end }}

{{/* Adds a reason to the port's entry of a needs dict: (list $needs port reason). */}}
{{- define "opgate.need" -}}
{{- $needs := index . 0 }}{{ $port := toString (index . 1) }}
{{- $_ := set $needs $port (append (get $needs $port | default list) (index . 2)) }}
{{- end }}

{{/* The TCP ports the settings need to reach, with what needs each: a JSON object port -> [reason]. */}}
{{- define "opgate.egressNeeds" -}}
{{- $needs := dict }}
{{- if include "opgate.redisStore" . }}
{{- if .Values.redis.sentinel.master }}
{{- range .Values.redis.sentinel.nodes }}
{{- include "opgate.need" (list $needs (regexFind "[0-9]+$" .) (printf "redis.sentinel.nodes (%s)" .)) }}
{{- end }}
{{- include "opgate.need" (list $needs "6379" "the Redis nodes behind the sentinels (assumed on 6379)") }}
{{- else if .Values.redis.url }}
{{- range (include "opgate.urlPorts" .Values.redis.url | fromJsonArray) }}
{{- include "opgate.need" (list $needs (toString .) "redis.url") }}
{{- end }}
{{- if hasPrefix "redis-sentinel" .Values.redis.url }}
{{- include "opgate.need" (list $needs "6379" "the Redis nodes behind the sentinels (assumed on 6379)") }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name, $backend := .Values.opgate.backends }}
{{- range $key, $url := dict "base-url" (get $backend "base-url") "iam.url" ((get $backend "iam") | default dict | dig "url" "") }}
{{- if $url }}
{{- range (include "opgate.urlPorts" $url | fromJsonArray) }}
{{- include "opgate.need" (list $needs (toString .) (printf "opgate.backends.%s.%s" $name $key)) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq .Values.opgate.security.mode "jwt" }}
{{- range $key, $url := .Values.opgate.security.jwt | default dict }}
{{- if and (hasSuffix "-uri" $key) $url }}
{{- range (include "opgate.urlPorts" $url | fromJsonArray) }}
{{- include "opgate.need" (list $needs (toString .) (printf "opgate.security.jwt.%s" $key)) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $needs }}
{{- end }}

{{/* With hand-written egress rules only: fails naming every needed port no rule allows. */}}
{{- define "opgate.validateEgress" -}}
{{- if and .Values.networkPolicy.enabled .Values.networkPolicy.egress.enabled (not .Values.networkPolicy.egress.derive) }}
{{- $missing := list }}
{{- range $port, $why := (include "opgate.egressNeeds" . | fromJson) }}
{{- $allowed := false }}
{{- range $.Values.networkPolicy.egress.to }}
{{- if not .ports }}{{ $allowed = true }}{{ end }}
{{- range .ports }}
{{- if and (kindIs "float64" .port) (or (eq (int .port) (int $port)) (and .endPort (le (int .port) (int $port)) (ge (int .endPort) (int $port)))) }}{{ $allowed = true }}{{ end }}
{{- end }}
{{- end }}
{{- if not $allowed }}{{ $missing = append $missing (printf "TCP %s for %s" $port (join ", " $why)) }}{{ end }}
{{- end }}
{{- if $missing }}
{{- fail (printf "networkPolicy.egress.to allows none of: %s. Add a rule for each to networkPolicy.egress.to, or set networkPolicy.egress.derive=true" (join "; " $missing)) }}
{{- end }}
{{- end }}
{{- end }}

{{/* Settings that cannot work together, and what the defaults leave unset; the schema checks each value alone. */}}
{{- define "opgate.validate" -}}
{{- $missing := list }}
{{- if and (not .Values.opgate.backends) (not (include "opgate.demoEnabled" .)) }}
{{- $missing = append $missing "opgate.backends (the backends to poll; their credentials in secrets.backends or secrets.existingSecret), or demo.enabled=true for the built-in demo" }}
{{- end }}
{{- if and (eq .Values.opgate.security.mode "api-key") (not .Values.secrets.apiKeys) (not .Values.secrets.existingSecret) }}
{{- $missing = append $missing "secrets.apiKeys (the SHA-256 of each API key with its tenant and roles) or secrets.existingSecret holding them, or opgate.security.mode=jwt with opgate.security.jwt.issuer-uri, or opgate.security.mode=none" }}
{{- end }}
{{- if and (eq .Values.opgate.security.mode "jwt") (not (dig "issuer-uri" "" (.Values.opgate.security.jwt | default dict))) (not (dig "jwk-set-uri" "" (.Values.opgate.security.jwt | default dict))) }}
{{- $missing = append $missing "opgate.security.jwt.issuer-uri (or jwk-set-uri) for opgate.security.mode=jwt" }}
{{- end }}
{{- if $missing }}
{{- fail (printf "opgate would not start with these values. Set:\n  - %s" (join "\n  - " $missing)) }}
{{- end }}
{{- if and (eq .Values.opgate.store "memory") (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) }}
{{- fail "opgate.store=memory keeps operations in one pod: with replicaCount > 1 or autoscaling.enabled set opgate.store=redis and redis.url (or redis.sentinel)" }}
{{- end }}
{{- if and (eq .Values.opgate.store "redis") (not .Values.redis.url) (not .Values.redis.sentinel.master) }}
{{- fail "opgate.store=redis needs redis.url (or redis.sentinel.master and redis.sentinel.nodes)" }}
{{- end }}
{{- if and .Values.redis.url .Values.redis.sentinel.master }}
{{- fail "redis.url and redis.sentinel.master exclude each other: set one" }}
{{- end }}
{{- if and .Values.redis.sentinel.master (not .Values.redis.sentinel.nodes) }}
{{- fail "redis.sentinel.master needs redis.sentinel.nodes (host:port of each sentinel)" }}
{{- end }}
{{- if and .Values.redis.sentinel.nodes (not .Values.redis.sentinel.master) }}
{{- fail "redis.sentinel.nodes needs redis.sentinel.master (the name the sentinels monitor)" }}
{{- end }}
{{- if and .Values.redis.url (regexMatch "^[a-z-]+://[^/@]*:[^/@]*@" .Values.redis.url) }}
{{- fail "redis.url must not carry a password: put it in redis.existingSecret (or redis.password)" }}
{{- end }}
{{- if and .Values.redis.existingSecret (or .Values.redis.password .Values.redis.sentinel.password) }}
{{- fail "redis.existingSecret and redis.password/redis.sentinel.password exclude each other: put the passwords in the existing Secret (keys redis.existingSecretPasswordKey and redis.sentinel.passwordKey)" }}
{{- end }}
{{- if and .Values.secrets.existingSecret (or .Values.secrets.backends .Values.secrets.apiKeys) }}
{{- fail "secrets.existingSecret and secrets.backends/apiKeys exclude each other: put the credentials in the existing Secret" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) }}
{{- fail "autoscaling.maxReplicas must not be less than autoscaling.minReplicas" }}
{{- end }}
{{- if le (int .Values.terminationGracePeriodSeconds) (int .Values.shutdown.preStopSleepSeconds) }}
{{- fail "terminationGracePeriodSeconds must be longer than shutdown.preStopSleepSeconds, or SSE streams cannot end cleanly" }}
{{- end }}
{{- if eq (int .Values.management.port) 8080 }}
{{- fail "management.port must differ from 8080, the http port: metrics and probes stay off the routed port" }}
{{- end }}
{{- include "opgate.noCredential" (dict "path" "extraConfig" "value" .Values.extraConfig) }}
{{- include "opgate.noCredential" (dict "path" "opgate" "value" .Values.opgate) }}
{{- include "opgate.validateEgress" . }}
{{- end }}

{{/* The application.yaml of the ConfigMap: settings only, never a credential. */}}
{{- define "opgate.applicationYaml" -}}
{{- $opgate := deepCopy .Values.opgate }}
{{- if .Values.demo.enabled }}
{{- $_ := set $opgate "demo" (mustMergeOverwrite (dict "enabled" true "operations-per-minute" (int .Values.demo.operationsPerMinute)) ($opgate.demo | default dict)) }}
{{- end }}
{{- if not $opgate.security.jwt }}{{ $_ := unset $opgate.security "jwt" }}{{ end }}
{{- range $key := list "polling" "sse" "events" "backends" }}
{{- if not (get $opgate $key) }}{{ $_ := unset $opgate $key }}{{ end }}
{{- end }}
{{- $server := dict "address" "0.0.0.0" "port" 8080 "shutdown" "graceful" }}
{{- $management := dict "server" (dict "port" (int .Values.management.port) "address" "0.0.0.0") }}
{{- $spring := dict "lifecycle" (dict "timeout-per-shutdown-phase" .Values.shutdown.phaseTimeout) }}
{{- if include "opgate.redisStore" . }}
{{- $redis := dict }}
{{- if .Values.redis.sentinel.master }}
{{- $sentinel := dict "master" .Values.redis.sentinel.master "nodes" (join "," .Values.redis.sentinel.nodes) }}
{{- with .Values.redis.sentinel.username }}{{ $_ := set $sentinel "username" . }}{{ end }}
{{- $_ := set $redis "sentinel" $sentinel }}
{{- else }}
{{- $_ := set $redis "url" .Values.redis.url }}
{{- end }}
{{- with .Values.redis.username }}{{ $_ := set $redis "username" . }}{{ end }}
{{- if .Values.redis.tls.caSecret }}
{{- $_ := set $redis "ssl" (dict "enabled" true "bundle" "redis") }}
{{- $pem := dict "truststore" (dict "certificate" (printf "file:%s/ca.crt" (include "opgate.redisTlsMountPath" .))) }}
{{- $_ := set $spring "ssl" (dict "bundle" (dict "pem" (dict "redis" $pem))) }}
{{- else if .Values.redis.tls.enabled }}
{{- $_ := set $redis "ssl" (dict "enabled" true) }}
{{- end }}
{{- $_ := set $spring "data" (dict "redis" $redis) }}
{{- end }}
{{- $logging := dict }}
{{- if ne .Values.logging.format "text" }}
{{- $_ := set $logging "structured" (dict "format" (dict "console" .Values.logging.format)) }}
{{- end }}
{{- with .Values.logging.level }}{{ $_ := set $logging "level" . }}{{ end }}
{{- $app := dict "opgate" $opgate "server" $server "management" $management "spring" $spring }}
{{- if $logging }}{{ $_ := set $app "logging" $logging }}{{ end }}
{{- mustMergeOverwrite $app (deepCopy .Values.extraConfig) | toYaml }}
{{- end }}

{{/* The credentials document of the Secret the chart creates. */}}
{{- define "opgate.secretsYaml" -}}
{{- $opgate := dict }}
{{- with .Values.secrets.backends }}{{ $_ := set $opgate "backends" . }}{{ end }}
{{- with .Values.secrets.apiKeys }}{{ $_ := set $opgate "security" (dict "api-keys" .) }}{{ end }}
{{- dict "opgate" $opgate | toYaml }}
{{- end }}

{{/* Read after the image's own settings, in order: the ConfigMap's application.yaml, then the credentials. */}}
{{- define "opgate.configLocations" -}}
{{- if include "opgate.mountsSecret" . -}}
file:/etc/opgate/config/application.yaml,file:/etc/opgate/secrets/secrets.yaml
{{- else -}}
file:/etc/opgate/config/application.yaml
{{- end }}
{{- end }}

{{/* The JVM's flags: the image's defaults are replaced, so the values say them all. */}}
{{- define "opgate.jvmOptions" -}}
{{- $flags := list (printf "-XX:MaxRAMPercentage=%v" .Values.jvm.maxRAMPercentage) }}
{{- with .Values.jvm.maxDirectMemorySize }}{{ $flags = append $flags (printf "-XX:MaxDirectMemorySize=%s" .) }}{{ end }}
{{- $flags = append $flags "-XX:+ExitOnOutOfMemoryError" }}
{{- with .Values.jvm.extraOptions }}{{ $flags = append $flags . }}{{ end }}
{{- join " " $flags }}
{{- end }}
