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

{{- define "opgate.redisSecretName" -}}
{{- default (printf "%s-redis" (include "opgate.fullname" .)) .Values.redis.existingSecret }}
{{- end }}

{{- define "opgate.redisPassword" -}}
{{- if and (eq .Values.opgate.store "redis") (or .Values.redis.existingSecret .Values.redis.password) }}true{{- end }}
{{- end }}

{{/* Whether the ServiceMonitor is rendered: forced on or off, or "auto" when the Prometheus Operator's API exists. */}}
{{- define "opgate.serviceMonitor" -}}
{{- $enabled := .Values.metrics.serviceMonitor.enabled }}
{{- if eq (toString $enabled) "true" }}true
{{- else if and (eq (toString $enabled) "auto") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") }}true
{{- end }}
{{- end }}

{{/* Settings that cannot work together; the schema checks each value alone. */}}
{{- define "opgate.validate" -}}
{{- if and (eq .Values.opgate.store "memory") (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) }}
{{- fail "opgate.store=memory keeps operations in one pod: with replicaCount > 1 or autoscaling.enabled set opgate.store=redis and redis.url (or redis.sentinel)" }}
{{- end }}
{{- if and (eq .Values.opgate.store "redis") (not .Values.redis.url) (not .Values.redis.sentinel.master) }}
{{- fail "opgate.store=redis needs redis.url (or redis.sentinel.master and redis.sentinel.nodes)" }}
{{- end }}
{{- if and .Values.redis.sentinel.master (not .Values.redis.sentinel.nodes) }}
{{- fail "redis.sentinel.master needs redis.sentinel.nodes (host:port of each sentinel)" }}
{{- end }}
{{- if and .Values.redis.url (regexMatch "^rediss?://[^/@]*:[^/@]+@" .Values.redis.url) }}
{{- fail "redis.url must not carry a password: put it in redis.existingSecret (or redis.password)" }}
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
{{- end }}

{{/* The application.yaml of the ConfigMap: settings only, never a credential. */}}
{{- define "opgate.applicationYaml" -}}
{{- $opgate := dict "store" .Values.opgate.store "retention" .Values.opgate.retention }}
{{- with .Values.opgate.polling }}{{ $_ := set $opgate "polling" . }}{{ end }}
{{- with .Values.opgate.sse }}{{ $_ := set $opgate "sse" . }}{{ end }}
{{- with .Values.opgate.events }}{{ $_ := set $opgate "events" . }}{{ end }}
{{- $security := dict "mode" .Values.opgate.security.mode }}
{{- with .Values.opgate.security.jwt }}{{ $_ := set $security "jwt" . }}{{ end }}
{{- $_ := set $opgate "security" $security }}
{{- with .Values.opgate.backends }}{{ $_ := set $opgate "backends" . }}{{ end }}
{{- $server := dict "address" "0.0.0.0" "port" (int .Values.service.port) "shutdown" "graceful" }}
{{- $spring := dict "lifecycle" (dict "timeout-per-shutdown-phase" .Values.shutdown.phaseTimeout) }}
{{- if eq .Values.opgate.store "redis" }}
{{- $redis := dict }}
{{- if .Values.redis.sentinel.master }}
{{- $_ := set $redis "sentinel" (dict "master" .Values.redis.sentinel.master "nodes" (join "," .Values.redis.sentinel.nodes)) }}
{{- else }}
{{- $_ := set $redis "url" .Values.redis.url }}
{{- end }}
{{- $_ := set $spring "data" (dict "redis" $redis) }}
{{- end }}
{{- $logging := dict }}
{{- if ne .Values.logging.format "text" }}
{{- $_ := set $logging "structured" (dict "format" (dict "console" .Values.logging.format)) }}
{{- end }}
{{- with .Values.logging.level }}{{ $_ := set $logging "level" . }}{{ end }}
{{- $app := dict "opgate" $opgate "server" $server "spring" $spring }}
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
