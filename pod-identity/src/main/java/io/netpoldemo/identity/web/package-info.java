/**
 * What every service of the demo answers to malformed or probing requests, before Spring MVC sees them: a clear 4xx
 * or the default format with one WARN line, never a 500 with a stack trace; and links that echo no client's Host.
 */
package io.netpoldemo.identity.web;
