package io.opgate.adapter.support;

import io.opgate.contracts.spi.BackendConfig;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * An adapter's view of its settings: the view is an interface that extends {@link BackendConfig} with {@code default}
 * methods only, and {@link #of} makes one over any settings, so that no adapter writes a class to implement it.
 */
public final class SettingsView {

    private SettingsView() {}

    /**
     * {@code settings} seen as a {@code view}: {@code name()} and {@code get(key)} read the settings, every other
     * method is the view's default. Its {@code toString()} names the view and the backend, never a value (a secret
     * among them would be logged).
     */
    public static <C extends BackendConfig> C of(Class<C> view, BackendConfig settings) {
        if (view.isInstance(settings)) {
            return view.cast(settings);
        }
        String label = view.getSimpleName() + "[" + settings.name() + "]";
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "name" -> settings.name();
            case "get" -> settings.get((String) args[0]);
            case "toString" -> label;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> InvocationHandler.invokeDefault(proxy, method, args);
        };
        return view.cast(Proxy.newProxyInstance(view.getClassLoader(), new Class<?>[] {view}, handler));
    }
}
