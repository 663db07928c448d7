package io.netpoldemo.netpol.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.netpoldemo.netpol.Lint;
import io.netpoldemo.netpol.PolicyEvaluator;
import io.netpoldemo.netpol.PolicyLinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "lint", mixinStandardHelpOptions = true,
		description = "Common NetworkPolicy mistakes: DNS blocked, redundant rules, Service ports in policies, policies "
				+ "that select no pod, missing policyTypes. Exit code 1 when any is found.")
final class LintCommand implements Callable<Integer> {

	@Mixin
	Inputs inputs;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		List<Lint> lints = new PolicyLinter(new PolicyEvaluator(this.inputs.load())).lint();
		PrintWriter out = this.spec.commandLine().getOut();
		lints.forEach(out::println);
		out.println(lints.isEmpty() ? "no findings" : lints.size() + " finding" + ((lints.size() == 1) ? "" : "s"));
		out.flush();
		return lints.isEmpty() ? 0 : 1;
	}

}
