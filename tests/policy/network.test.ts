import * as assert from "node:assert/strict";
import { albHttpsRedirect, albTlsPolicy, isModernSslPolicy } from "../../policy/rules/albTls";
import { noOpenIngress } from "../../policy/rules/noOpenIngress";
import { stackResources, stackViolationsOf, violationsOf } from "./helpers";

const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const GROUP = "aws:ec2/securityGroup:SecurityGroup";
const LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const PUBLIC_TAG = { "cellmesh:exposure": "internet" };

describe("policy cellmesh-no-open-ingress", () => {
    it("passes a task group's mesh port from the VPC and from the ALB's group (what FargateMeshService creates)", () => {
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-task", description: "mesh port 5001 from inside the network", ipProtocol: "tcp", fromPort: 5001, toPort: 5001, cidrIpv4: "10.0.0.0/16",
        }), []);
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-task", ipProtocol: "tcp", fromPort: 5001, toPort: 5001, referencedSecurityGroupId: "sg-alb",
        }), []);
    });

    it("passes the public load balancer on TCP 80 and 443, marked by WeightedAlb's tag (a description alone is not enough)", () => {
        for (const port of [80, 443]) {
            assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
                securityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0", tags: PUBLIC_TAG,
            }), []);
        }
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-alb", description: "public listener", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0",
        }), ["admits 0.0.0.0/0 on TCP 80; only the public load balancer's security group (tag cellmesh:exposure=internet) may admit the internet"]);
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-alb", ipProtocol: "6", fromPort: 443, toPort: 443, cidrIpv6: "::/0", tags: PUBLIC_TAG,
        }), []);
    });

    it("fails the internet on a group that is not the load balancer's", () => {
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-task", description: "app", ipProtocol: "tcp", fromPort: 5001, toPort: 5001, cidrIpv4: "0.0.0.0/0",
        }), ["admits 0.0.0.0/0 on TCP 5001; only the public load balancer's security group (tag cellmesh:exposure=internet) may admit the internet"]);
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-task", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv6: "::/0",
        }), ["admits ::/0 on TCP 80; only the public load balancer's security group (tag cellmesh:exposure=internet) may admit the internet"]);
    });

    it("fails the load balancer on other ports or port ranges", () => {
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0", tags: PUBLIC_TAG,
        }), ["admits 0.0.0.0/0 on TCP 8080; the public load balancer may admit the internet only on TCP 80 and 443"]);
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-alb", ipProtocol: "udp", fromPort: 80, toPort: 443, cidrIpv4: "0.0.0.0/0", tags: PUBLIC_TAG,
        }), ["admits 0.0.0.0/0 on UDP 80-443; the public load balancer may admit the internet only on TCP 80 and 443"]);
    });

    it("fails all protocols from any CIDR (the AWS samples' task groups), even from inside the VPC", () => {
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-task", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0",
        }), ["admits all protocols from 0.0.0.0/0; admit only the ports the service listens on, over TCP"]);
        assert.deepEqual(violationsOf(noOpenIngress, INGRESS_RULE, {
            securityGroupId: "sg-task", ipProtocol: "-1", cidrIpv4: "10.0.0.0/16",
        }), ["admits all protocols from 10.0.0.0/16; admit only the ports the service listens on, over TCP"]);
    });

    it("checks inline ingress of aws.ec2.SecurityGroup (tag on the group) and ingress aws.ec2.SecurityGroupRule", () => {
        assert.deepEqual(violationsOf(noOpenIngress, GROUP, {
            vpcId: "vpc-1", tags: PUBLIC_TAG,
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        }), []);
        assert.deepEqual(violationsOf(noOpenIngress, GROUP, {
            vpcId: "vpc-1",
            ingress: [
                { protocol: "all", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
                { protocol: "tcp", fromPort: 5001, toPort: 5001, cidrBlocks: ["10.0.0.0/16", "0.0.0.0/0"] },
            ],
        }), [
            "admits all protocols from 0.0.0.0/0; admit only the ports the service listens on, over TCP",
            "admits 0.0.0.0/0 on TCP 5001; only the public load balancer's security group (tag cellmesh:exposure=internet) may admit the internet",
        ]);
        assert.deepEqual(violationsOf(noOpenIngress, LEGACY_RULE, {
            type: "ingress", securityGroupId: "sg", protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"],
        }), ["admits 0.0.0.0/0 on TCP 0-65535; only the public load balancer's security group (tag cellmesh:exposure=internet) may admit the internet"]);
        assert.deepEqual(violationsOf(noOpenIngress, LEGACY_RULE, {
            type: "egress", securityGroupId: "sg", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"],
        }), []);
    });
});

describe("policies cellmesh-alb-tls-policy and cellmesh-alb-https-redirect", () => {
    const LISTENER = "aws:lb/listener:Listener";
    const forward = [{ type: "forward", forward: { targetGroups: [{ arn: "tg-1", weight: 1 }] } }];
    const redirect = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];

    it("knows which ELB security policies allow only TLS 1.2 and newer", () => {
        for (const ok of [
            "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", "ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
            "ELBSecurityPolicy-FS-1-2-2019-08", "ELBSecurityPolicy-FS-1-2-Res-2020-10",
        ]) assert.equal(isModernSslPolicy(ok), true, ok);
        for (const old of [
            "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2015-05", "ELBSecurityPolicy-TLS-1-0-2015-04", "ELBSecurityPolicy-TLS-1-1-2017-01",
            "ELBSecurityPolicy-FS-2018-06", "ELBSecurityPolicy-FS-1-1-2019-08", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06", undefined,
        ]) assert.equal(isModernSslPolicy(old), false, String(old));
    });

    it("checks HTTPS and TLS listeners (both type tokens), not HTTP ones", () => {
        assert.deepEqual(violationsOf(albTlsPolicy, LISTENER, { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", defaultActions: forward }), []);
        assert.deepEqual(violationsOf(albTlsPolicy, LISTENER, { protocol: "HTTP", port: 80, defaultActions: forward }), []);
        assert.deepEqual(violationsOf(albTlsPolicy, "aws:alb/listener:Listener", { protocol: "TLS", port: 8443, sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01" }),
            ["TLS listener on port 8443 uses ELBSecurityPolicy-TLS-1-1-2017-01, which allows TLS versions below 1.2; use ELBSecurityPolicy-TLS13-1-2-2021-06 or another TLS 1.2+ policy"]);
    });

    const stack = (...listeners: [string, Record<string, unknown>][]) => stackResources(listeners.map(([name, props]) => ({ type: LISTENER, name, props })));

    it("lets a load balancer without HTTPS forward plain HTTP (cellmesh's default)", () => {
        assert.deepEqual(stackViolationsOf(albHttpsRedirect, stack(["a-listener", { loadBalancerArn: "lb-a", protocol: "HTTP", port: 80, defaultActions: forward }])), []);
    });

    it("requires the HTTP listeners of a load balancer with HTTPS to redirect to HTTPS, and only those", () => {
        const https = { loadBalancerArn: "lb-a", protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", defaultActions: forward };
        assert.deepEqual(stackViolationsOf(albHttpsRedirect, stack(["a-https", https], ["a-listener", { loadBalancerArn: "lb-a", protocol: "HTTP", port: 80, defaultActions: redirect }])), []);
        const found = stackViolationsOf(albHttpsRedirect, stack(
            ["a-https", https],
            ["a-listener", { loadBalancerArn: "lb-a", protocol: "HTTP", port: 80, defaultActions: forward }],
            ["a-8080", { loadBalancerArn: "lb-a", protocol: "HTTP", port: 8080, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "80", statusCode: "HTTP_301" } }] }],
            ["a-two", { loadBalancerArn: "lb-a", protocol: "HTTP", port: 81, defaultActions: [...redirect, ...forward] }],
            ["b-listener", { loadBalancerArn: "lb-b", protocol: "HTTP", port: 80, defaultActions: forward }],
        ));
        assert.deepEqual(found.map((v) => v.message), ["a-listener on port 80", "a-8080 on port 8080", "a-two on port 81"].map((l) =>
            `HTTP listener ${l} serves plain HTTP although its load balancer also serves HTTPS; make its only default action a redirect to HTTPS (statusCode HTTP_301)`));
        assert.deepEqual(found.map((v) => v.urn), ["a-listener", "a-8080", "a-two"].map((n) => `urn:pulumi:test::cellmesh::${LISTENER}::${n}`));
    });

    it("waits for pulumi up when a listener's load balancer ARN is not known yet (preview of new resources)", () => {
        assert.deepEqual(stackViolationsOf(albHttpsRedirect, stack(
            ["a-https", { protocol: "HTTPS", port: 443, defaultActions: forward }],
            ["a-listener", { protocol: "HTTP", port: 80, defaultActions: forward }],
        )), []);
    });
});
