package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.netpoldemo.netpol.Lint;
import io.netpoldemo.netpol.Manifests;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.PolicyLinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "lint", mixinStandardHelpOptions = true,
		description = "Common NetworkPolicy mistakes: DNS blocked, redundant rules, Service ports in policies, policies "
				+ "that select no pod, missing policyTypes, objects defined twice. Exit code 1 when any is found.")
final class LintCommand implements Callable<Integer> {

	@Mixin
	Inputs inputs;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		Manifests manifests = this.inputs.read(this.spec.commandLine().getErr());
		List<Lint> lints = new PolicyLinter(new PolicyEvaluator(manifests.cluster()), manifests.duplicates()).lint();
		PrintWriter out = this.spec.commandLine().getOut();
		lints.forEach(out::println);
		out.println(lints.isEmpty() ? "no findings" : lints.size() + " finding" + ((lints.size() == 1) ? "" : "s"));
		out.flush();
		return lints.isEmpty() ? 0 : 1;
	}

}
