# k8s targets
