{{/* The release's full name, at most 63 characters. */}}
{{- define "poros.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "poros.labels" -}}
app.kubernetes.io/name: poros
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "poros.selector" -}}
app.kubernetes.io/name: poros
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "poros.serviceAccount" -}}
{{- default (include "poros.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* The namespaces the agent manages when it is not cluster-wide: the listed ones and its own. */}}
{{- define "poros.namespaces" -}}
{{- $all := append .Values.rbac.namespaces .Release.Namespace | uniq -}}
{{- toJson $all -}}
{{- end -}}
