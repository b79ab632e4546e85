import * as assert from "node:assert/strict";
import { noOpenIngress } from "../../policy/rules/noOpenIngress";
import { violationsOf } from "./helpers";

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
