// Sample configs for tests: the repository's own stack files, so tests cover what users deploy.

import * as path from "node:path";
import { readStackFile } from "../automation/discovery";
import { ConsumerConfig, OwnerConfig, RawConfig, parseStackConfig } from "../stacks/config";

export const ROOT = path.join(__dirname, "..");

/**
 * The samples: where each one's stack files live (relative to the repository root) and its stack
 * names. The root is the VPC Lattice sample on ECS; the App Mesh samples live in examples/.
 */
export const SAMPLES = {
    appmesh: { dir: "examples/appmesh", owner: "acct1-appmesh", consumer: "acct2-appmesh" },
    "appmesh-eks": { dir: "examples/appmesh-eks", owner: "acct1-appmesh-eks", consumer: "acct2-appmesh-eks" },
    lattice: { dir: ".", owner: "acct1", consumer: "acct2" },
    "lattice-eks": { dir: "examples/lattice-eks", owner: "acct1-lattice-eks", consumer: "acct2-lattice-eks" },
} as const;
type Sample = keyof typeof SAMPLES;

/** A sample's stack file (`<dir>/Pulumi.<stack>.yaml`) as raw config. */
function rawIn(sample: Sample, stack: string): RawConfig {
    return readStackFile(path.join(ROOT, SAMPLES[sample].dir, `Pulumi.${stack}.yaml`), "cellmesh");
}

/** A sample's owner or consumer config, with overrides, validated under the sample's stack name. */
function parsedIn<C>(sample: Sample, role: "owner" | "consumer", overrides: RawConfig): C {
    const stack = SAMPLES[sample][role];
    return parseStackConfig({ ...rawIn(sample, stack), ...overrides }, stack) as C;
}

type StackOf<S extends Sample> = (typeof SAMPLES)[S]["owner" | "consumer"];

/** The App Mesh sample on ECS (examples/appmesh). */
export const rawSample = (stack: StackOf<"appmesh">): RawConfig => rawIn("appmesh", stack);
export const ownerSample = (overrides: RawConfig = {}) => parsedIn<OwnerConfig>("appmesh", "owner", overrides);
export const consumerSample = (overrides: RawConfig = {}) => parsedIn<ConsumerConfig>("appmesh", "consumer", overrides);

/** The App Mesh sample on EKS (examples/appmesh-eks). */
export const rawEksSample = (stack: StackOf<"appmesh-eks">): RawConfig => rawIn("appmesh-eks", stack);
export const ownerEksSample = (overrides: RawConfig = {}) => parsedIn<OwnerConfig>("appmesh-eks", "owner", overrides);
export const consumerEksSample = (overrides: RawConfig = {}) => parsedIn<ConsumerConfig>("appmesh-eks", "consumer", overrides);

/** The VPC Lattice sample on ECS (the repository root). */
export const rawLatticeSample = (stack: StackOf<"lattice">): RawConfig => rawIn("lattice", stack);
export const ownerLatticeSample = (overrides: RawConfig = {}) => parsedIn<OwnerConfig>("lattice", "owner", overrides);
export const consumerLatticeSample = (overrides: RawConfig = {}) => parsedIn<ConsumerConfig>("lattice", "consumer", overrides);

/** The VPC Lattice sample on EKS (examples/lattice-eks). */
export const rawLatticeEksSample = (stack: StackOf<"lattice-eks">): RawConfig => rawIn("lattice-eks", stack);
export const ownerLatticeEksSample = (overrides: RawConfig = {}) => parsedIn<OwnerConfig>("lattice-eks", "owner", overrides);
export const consumerLatticeEksSample = (overrides: RawConfig = {}) => parsedIn<ConsumerConfig>("lattice-eks", "consumer", overrides);

/** What the owner stack exports, as a consumer's stack reference sees it after a rollout. */
export const OWNER_OUTPUTS = {
    engine: "appmesh",
    region: "us-east-1",
    compute: "ecs",
    meshName: "multiaccountmeshdemo",
    meshOwner: "111111111111",
    meshArn: "arn:aws:appmesh:us-east-1:111111111111:mesh/multiaccountmeshdemo",
    sharing: "organization",
    meshShareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/mesh-share",
    subnetShareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/subnets",
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.0.0.0/16",
    privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
    namespace: "internal-domain1.com",
};

export const OWNER_WORLD = { accountId: "111111111111", region: "us-east-1", stack: "acct1-appmesh" };
export const CONSUMER_WORLD = {
    accountId: "222222222222", region: "us-east-1", stack: "acct2-appmesh",
    stackOutputs: { "organization/cellmesh/acct1-appmesh": OWNER_OUTPUTS },
};

/** Resources of the owner sample by type: the reference topology (checked by the stack and plan tests). */
export const OWNER_SAMPLE_COUNTS = {
    "aws:appmesh/mesh:Mesh": 1,
    "aws:appmesh/route:Route": 2,
    "aws:appmesh/virtualNode:VirtualNode": 4,
    "aws:appmesh/virtualRouter:VirtualRouter": 2,
    "aws:appmesh/virtualService:VirtualService": 2,
    "aws:cloudwatch/logGroup:LogGroup": 4,
    "aws:ec2/securityGroup:SecurityGroup": 5,
    "aws:ecs/cluster:Cluster": 1,
    "aws:ecs/service:Service": 4,
    "aws:ecs/taskDefinition:TaskDefinition": 4,
    "aws:iam/role:Role": 8,
    "aws:iam/rolePolicy:RolePolicy": 8,
    "aws:lb/listener:Listener": 1,
    "aws:lb/loadBalancer:LoadBalancer": 1,
    "aws:lb/targetGroup:TargetGroup": 2,
    "aws:ram/principalAssociation:PrincipalAssociation": 2,
    "aws:ram/resourceAssociation:ResourceAssociation": 3,
    "aws:ram/resourceShare:ResourceShare": 2,
    "aws:servicediscovery/instance:Instance": 2,
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": 1,
    "aws:servicediscovery/service:Service": 6,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 5,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 7,
    "awsx:ec2:Vpc": 1,
    "cellmesh:dns:CrossAccountNamespace": 1,
    "cellmesh:ecs:FargateMeshService": 4,
    "cellmesh:ingress:WeightedAlb": 1,
    "cellmesh:mesh:CellService": 2,
    "cellmesh:mesh:SharedMesh": 1,
    "cellmesh:sharing:RamShare": 2,
};

/** What the EKS owner sample exports, as an EKS consumer's stack reference sees it. */
export const OWNER_EKS_OUTPUTS = {
    engine: "appmesh",
    region: "us-east-1",
    compute: "eks",
    meshName: "multiaccountmeshdemo-eks",
    meshOwner: "111111111111",
    meshArn: "arn:aws:appmesh:us-east-1:111111111111:mesh/multiaccountmeshdemo-eks",
    sharing: "organization",
    meshShareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/mesh-share",
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.192.0.0/16",
    privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
    privateRouteTableIds: ["rtb-subnet-private-a", "rtb-subnet-private-b"],
    nodeSecurityGroupId: "sg-nodes-111111111111",
    namespace: "internal-domain1.com",
    hostedZoneId: "Z-internal-domain1.com",
    virtualServices: { servicea: "servicea.internal-domain1.com", serviceb: "serviceb.internal-domain1.com" },
    virtualServiceArns: {
        servicea: "arn:aws:appmesh:us-east-1:111111111111:mesh/multiaccountmeshdemo-eks/virtualService/servicea.internal-domain1.com",
        serviceb: "arn:aws:appmesh:us-east-1:111111111111:mesh/multiaccountmeshdemo-eks/virtualService/serviceb.internal-domain1.com",
    },
};

export const OWNER_EKS_WORLD = { accountId: "111111111111", region: "us-east-1", stack: "acct1-appmesh-eks" };
export const CONSUMER_EKS_WORLD = {
    accountId: "222222222222", region: "us-east-1", stack: "acct2-appmesh-eks",
    stackOutputs: { "organization/cellmesh/acct1-appmesh-eks": OWNER_EKS_OUTPUTS },
};

/** Sample values for the security options (tests only; the shipped samples leave them off). */
export const SECURITY = {
    /** An ACM Private CA of the owner account, shared with the consumers through RAM. */
    ca: "arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555",
    /** The owner's ACM certificate for its public ALBs. */
    albCertificate: "arn:aws:acm:us-east-1:111111111111:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    ownerKmsKey: "arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-1111-2222-3333-444455556666",
    consumerKmsKey: "arn:aws:kms:us-east-1:222222222222:alias/cellmesh-logs",
    accessLogs: { bucket: "acme-alb-logs", prefix: "cellmesh/acct1" },
    /** An Envoy image of your own (with certificate files baked in, for mutual TLS from files). */
    envoyImage: "111111111111.dkr.ecr.us-east-1.amazonaws.com/envoy-with-certs:v1.29.12.1",
} as const;

/** The owner sample with every security option on, and the virtual gateway (it has an ALB too). */
export const SECURED_OWNER: RawConfig = {
    "cellmesh:albCertificateArn": SECURITY.albCertificate,
    "cellmesh:albAccessLogs": SECURITY.accessLogs,
    "cellmesh:logKmsKeyArn": SECURITY.ownerKmsKey,
    "cellmesh:meshTls": { mode: "STRICT", certificateAuthorityArn: SECURITY.ca },
    "cellmesh:virtualGateway": { enabled: true, remoteServices: ["servicex.internal-domain2.com"] },
};

/** The consumer sample with every security option a consumer takes. */
export const SECURED_CONSUMER: RawConfig = {
    "cellmesh:logKmsKeyArn": SECURITY.consumerKmsKey,
    "cellmesh:meshTls": { mode: "STRICT", certificateAuthorityArn: SECURITY.ca },
};

/** What the Lattice owner sample exports, as a Lattice consumer's stack reference sees it. */
export const OWNER_LATTICE_OUTPUTS = {
    engine: "lattice",
    compute: "ecs",
    region: "us-east-1",
    sharing: "organization",
    serviceNetworkArn: "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-mesh-network",
    serviceNetworkName: "multiaccountmeshdemo",
    ownerAccountId: "111111111111",
    shareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/mesh-share",
    vpcLayout: "VpcPerAccount",
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.1.0.0/16",
    privateSubnetIds: ["subnet-private-a", "subnet-private-b"],
    namespace: "internal-domain1.com",
    hostedZoneId: "Z-namespace-zone",
};

export const OWNER_LATTICE_WORLD = { accountId: "111111111111", region: "us-east-1", stack: "acct1" };
export const CONSUMER_LATTICE_WORLD = {
    accountId: "222222222222", region: "us-east-1", stack: "acct2",
    stackOutputs: { "organization/cellmesh/acct1": OWNER_LATTICE_OUTPUTS },
};

/** Resources of the Lattice owner sample by type (checked by the stack and plan tests): only the network is shared. */
export const OWNER_LATTICE_SAMPLE_COUNTS = {
    "aws:cloudwatch/logGroup:LogGroup": 4,
    "aws:ec2/securityGroup:SecurityGroup": 5,
    "aws:ecs/cluster:Cluster": 1,
    "aws:ecs/service:Service": 4,
    "aws:ecs/taskDefinition:TaskDefinition": 4,
    "aws:iam/role:Role": 5,
    "aws:iam/rolePolicy:RolePolicy": 4,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
    "aws:lb/listener:Listener": 1,
    "aws:lb/loadBalancer:LoadBalancer": 1,
    "aws:lb/targetGroup:TargetGroup": 2,
    "aws:ram/principalAssociation:PrincipalAssociation": 1,
    "aws:ram/resourceAssociation:ResourceAssociation": 1,
    "aws:ram/resourceShare:ResourceShare": 1,
    "aws:route53/record:Record": 2,
    "aws:route53/zone:Zone": 1,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 5,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 7,
    "aws:vpclattice/authPolicy:AuthPolicy": 3,
    "aws:vpclattice/listener:Listener": 2,
    "aws:vpclattice/service:Service": 2,
    "aws:vpclattice/serviceNetwork:ServiceNetwork": 1,
    "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation": 2,
    "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation": 1,
    "aws:vpclattice/targetGroup:TargetGroup": 4,
    "awsx:ec2:Vpc": 1,
    "cellmesh:ingress:WeightedAlb": 1,
    "cellmesh:lattice:CellService": 2,
    "cellmesh:lattice:EcsInfrastructureRole": 1,
    "cellmesh:lattice:FargateService": 4,
    "cellmesh:lattice:Namespace": 1,
    "cellmesh:lattice:ServiceNetwork": 1,
    "cellmesh:sharing:RamShare": 1,
};

/**
 * Resources of the Lattice consumer sample by type: its own VPC, associated with the owner's network,
 * all in its own account but the owner-side halves of the DNS associations and their provider.
 */
export const CONSUMER_LATTICE_SAMPLE_COUNTS = {
    "aws:cloudwatch/logGroup:LogGroup": 2,
    "aws:ec2/securityGroup:SecurityGroup": 2,
    "aws:ecs/cluster:Cluster": 1,
    "aws:ecs/service:Service": 2,
    "aws:ecs/taskDefinition:TaskDefinition": 2,
    "aws:iam/role:Role": 3,
    "aws:iam/rolePolicy:RolePolicy": 2,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
    "aws:route53/record:Record": 1,
    "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": 2,
    "aws:route53/zone:Zone": 1,
    "aws:route53/zoneAssociation:ZoneAssociation": 2,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 2,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
    "aws:vpclattice/authPolicy:AuthPolicy": 1,
    "aws:vpclattice/listener:Listener": 1,
    "aws:vpclattice/service:Service": 1,
    "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation": 1,
    "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation": 1,
    "aws:vpclattice/targetGroup:TargetGroup": 2,
    "awsx:ec2:Vpc": 1,
    "cellmesh:lattice:CellService": 1,
    "cellmesh:lattice:EcsInfrastructureRole": 1,
    "cellmesh:lattice:FargateService": 2,
    "cellmesh:lattice:Namespace": 1,
    "cellmesh:lattice:ServiceNetwork": 1,
    "pulumi:providers:aws": 1,
    "pulumi:pulumi:StackReference": 1,
};

/** What the Lattice owner sample on EKS exports, as a Lattice EKS consumer's stack reference sees it. */
export const OWNER_LATTICE_EKS_OUTPUTS = {
    engine: "lattice",
    compute: "eks",
    region: "us-east-1",
    sharing: "organization",
    serviceNetworkArn: "arn:aws:vpc-lattice:us-east-1:111111111111:servicenetwork/sn-mesh-network",
    serviceNetworkName: "multiaccountmeshdemo-eks",
    ownerAccountId: "111111111111",
    shareArn: "arn:aws:ram:us-east-1:111111111111:resource-share/mesh-share",
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.194.0.0/16",
    namespace: "internal-domain1.com",
    hostedZoneId: "Z-namespace-zone",
};

export const OWNER_LATTICE_EKS_WORLD = { accountId: "111111111111", region: "us-east-1", stack: "acct1-lattice-eks" };
/** The consumer's own VPC gets the awsx mock's id too; the owner's is distinguished by the reference. */
export const CONSUMER_LATTICE_EKS_WORLD = {
    accountId: "222222222222", region: "us-east-1", stack: "acct2-lattice-eks",
    stackOutputs: { "organization/cellmesh/acct1-lattice-eks": { ...OWNER_LATTICE_EKS_OUTPUTS, vpcId: "vpc-owner0000000000000", hostedZoneId: "Z-owner-zone" } },
};

/**
 * Resources of the Lattice owner sample on EKS by type (checked by the stack and plan tests): with
 * servicea's weighted ALB, its two TargetGroupBindings and the AWS Load Balancer Controller.
 */
export const OWNER_LATTICE_EKS_SAMPLE_COUNTS = {
    "aws:ec2/securityGroup:SecurityGroup": 1,
    "aws:iam/role:Role": 2,
    "aws:iam/rolePolicy:RolePolicy": 3,
    "aws:lb/listener:Listener": 1,
    "aws:lb/loadBalancer:LoadBalancer": 1,
    "aws:lb/targetGroup:TargetGroup": 2,
    "aws:ram/principalAssociation:PrincipalAssociation": 1,
    "aws:ram/resourceAssociation:ResourceAssociation": 1,
    "aws:ram/resourceShare:ResourceShare": 1,
    "aws:route53/record:Record": 2,
    "aws:route53/zone:Zone": 1,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 1,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 3,
    "aws:vpclattice/authPolicy:AuthPolicy": 1,
    "aws:vpclattice/serviceNetwork:ServiceNetwork": 1,
    "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation": 2,
    "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation": 1,
    "awsx:ec2:Vpc": 1,
    "cellmesh:eks:LatticeGateway": 1,
    "cellmesh:eks:LatticeGatewayController": 1,
    "cellmesh:eks:LatticeHttpRoute": 2,
    "cellmesh:eks:LatticeService": 2,
    "cellmesh:eks:LoadBalancerController": 1,
    "cellmesh:ingress:WeightedAlb": 1,
    "cellmesh:lattice:Namespace": 1,
    "cellmesh:lattice:ServiceNetwork": 1,
    "cellmesh:sharing:RamShare": 1,
    "eks:index:Cluster": 1,
    "kubernetes:application-networking.k8s.aws/v1alpha1:IAMAuthPolicy": 2,
    "kubernetes:application-networking.k8s.aws/v1alpha1:TargetGroupPolicy": 4,
    "kubernetes:apps/v1:Deployment": 4,
    "kubernetes:core/v1:Namespace": 1,
    "kubernetes:core/v1:Service": 4,
    "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding": 2,
    "kubernetes:gateway.networking.k8s.io/v1:Gateway": 1,
    "kubernetes:gateway.networking.k8s.io/v1:GatewayClass": 1,
    "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute": 2,
    "kubernetes:helm.sh/v3:Release": 2,
    "kubernetes:yaml/v2:ConfigFile": 1,
    "pulumi:providers:kubernetes": 1,
};

/** Resources of the Lattice consumer sample on EKS by type: its own account, but the owner-side DNS halves and their provider. */
export const CONSUMER_LATTICE_EKS_SAMPLE_COUNTS = {
    "aws:iam/role:Role": 1,
    "aws:iam/rolePolicy:RolePolicy": 1,
    "aws:route53/record:Record": 1,
    "aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization": 2,
    "aws:route53/zone:Zone": 1,
    "aws:route53/zoneAssociation:ZoneAssociation": 2,
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 1,
    "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation": 1,
    "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation": 1,
    "awsx:ec2:Vpc": 1,
    "cellmesh:eks:LatticeGateway": 1,
    "cellmesh:eks:LatticeGatewayController": 1,
    "cellmesh:eks:LatticeHttpRoute": 1,
    "cellmesh:eks:LatticeService": 1,
    "cellmesh:lattice:Namespace": 1,
    "cellmesh:lattice:ServiceNetwork": 1,
    "eks:index:Cluster": 1,
    "kubernetes:application-networking.k8s.aws/v1alpha1:IAMAuthPolicy": 1,
    "kubernetes:application-networking.k8s.aws/v1alpha1:TargetGroupPolicy": 2,
    "kubernetes:apps/v1:Deployment": 2,
    "kubernetes:core/v1:Namespace": 1,
    "kubernetes:core/v1:Service": 2,
    "kubernetes:gateway.networking.k8s.io/v1:Gateway": 1,
    "kubernetes:gateway.networking.k8s.io/v1:GatewayClass": 1,
    "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute": 1,
    "kubernetes:helm.sh/v3:Release": 1,
    "kubernetes:yaml/v2:ConfigFile": 1,
    "pulumi:providers:aws": 1,
    "pulumi:providers:kubernetes": 1,
    "pulumi:pulumi:StackReference": 1,
};
