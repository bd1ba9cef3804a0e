# Share of event-loop samples (async-profiler collapsed stacks) whose stack holds a frame of each part; a sample
# counts once for every part on its stack. Usage: awk -f stack-parts.awk profile.collapsed
$0 ~ /^\[reactor-http/ {
  n=$NF; $NF=""; k=split($0,a,";"); delete seen
  for (i=2;i<=k;i++) {
    f=a[i]; c=""
    if (f ~ /^org\/springframework\/security/) c="spring-security"
    else if (f ~ /^org\/springframework\/web\/reactive\/(DispatcherHandler|result)/) c="spring-webflux-dispatch"
    else if (f ~ /^org\/springframework\/http\/codec/) c="spring-codecs"
    else if (f ~ /^org\/springframework\/web\/server\/adapter/) c="spring-web-adapter"
    else if (f ~ /^io\/micrometer\/observation/) c="micrometer-observation"
    else if (f ~ /^io\/micrometer\/tracing|^io\/opentelemetry/) c="tracing"
    else if (f ~ /^io\/micrometer\/core/) c="micrometer-meters"
    else if (f ~ /^io\/opgate/) c="opgate"
    else if (f ~ /^tools\/jackson/) c="jackson"
    else if (f ~ /^io\/netty\/handler\/codec\/http2|Http2/) c="http2"
    else if (f ~ /^io\/netty\/handler\/codec\/http/) c="netty-http-codec"
    else if (f ~ /writev|__GI_epoll|recv|sendmsg|epoll_wait/) c="syscalls"
    else if (f ~ /ResourceLeakDetector/) c="leak-detector"
    else if (f ~ /^io\/micrometer\/context|ContextPropagation|ContextSnapshot/) c="context-propagation"
    else if (f ~ /Throwable.fillInStackTrace/) c="exceptions"
    if (c != "" && !(c in seen)) { seen[c]=1; s[c]+=n }
  }
  tot+=n
}
END { for (c in s) printf "%6.1f%% %s\n", 100*s[c]/tot, c; printf "total %d\n", tot }
