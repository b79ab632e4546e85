// Type tokens and markers shared by cellmesh's policies. The pack matches resources by their type
// token (a string), so it needs neither @pulumi/aws nor @pulumi/kubernetes at run time.

export const TYPES = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    resourceShare: "aws:ram/resourceShare:ResourceShare",
    mesh: "aws:appmesh/mesh:Mesh",
    virtualNode: "aws:appmesh/virtualNode:VirtualNode",
    virtualService: "aws:appmesh/virtualService:VirtualService",
    virtualRouter: "aws:appmesh/virtualRouter:VirtualRouter",
    route: "aws:appmesh/route:Route",
    virtualGateway: "aws:appmesh/virtualGateway:VirtualGateway",
    gatewayRoute: "aws:appmesh/gatewayRoute:GatewayRoute",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
    listener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    albListenerRule: "aws:alb/listenerRule:ListenerRule",
    latticeListener: "aws:vpclattice/listener:Listener",
    latticeListenerRule: "aws:vpclattice/listenerRule:ListenerRule",
} as const;

/**
 * The tag that marks a security group, or a rule of one, as the public load balancer's: the only
 * place where 0.0.0.0/0 (or ::/0) may be admitted, and only on 80 and 443.
 */
export const PUBLIC_ENTRY_TAG = { key: "cellmesh:exposure", value: "internet" } as const;

/**
 * What `shared/weightedAlb.ts` writes as the description of its listener rules today.
 * Accepted as a public-entry marker until the tag is set there (a description is easy to copy by
 * accident; a tag says what is meant).
 */
export const PUBLIC_ENTRY_DESCRIPTION = "public listener";

/** The tag that marks a RAM resource share as deliberately shared outside the organization. */
export const EXTERNAL_SHARE_TAG = { key: "cellmesh:sharing", value: "external" } as const;

/** True when `tags` (a Pulumi `tags` map, possibly undefined) carries `key: value`. */
export function hasTag(tags: unknown, tag: { readonly key: string; readonly value: string }): boolean {
    return typeof tags === "object" && tags !== null && (tags as Record<string, unknown>)[tag.key] === tag.value;
}
