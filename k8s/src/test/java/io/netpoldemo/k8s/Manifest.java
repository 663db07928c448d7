package io.netpoldemo.k8s;

import java.nio.file.Path;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One Kubernetes object read from a manifest file.
 *
 * @param file the file it was read from
 * @param document its position among the file's YAML documents, from 1
 * @param object the typed object
 */
record Manifest(Path file, int document, HasMetadata object) {

	String where() {
		return this.file.getFileName() + " document " + this.document + " (" + this.object.getKind() + " "
				+ this.object.getMetadata().getName() + ")";
	}

}
