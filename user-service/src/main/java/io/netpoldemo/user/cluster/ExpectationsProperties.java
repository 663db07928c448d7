package io.netpoldemo.user.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the NetworkPolicy expectations come from outside Kubernetes. Inside Kubernetes the API is read and these are
 * ignored.
 *
 * @param manifests Kubernetes YAML files and directories holding the namespaces, pods, Services and NetworkPolicies in
 * force (env {@code CHECKS_EXPECTATIONS_MANIFESTS=/a,/b}); empty: no expectations outside Kubernetes
 * @param recheck how often at most the files are looked at for a change
 */
@ConfigurationProperties("checks.expectations")
record ExpectationsProperties(@DefaultValue List<Path> manifests, @DefaultValue("1s") Duration recheck) {
}
