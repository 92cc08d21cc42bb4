[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// One PostgreSQL cluster and one Robo Call stub for the whole run; every test host gets its own database.
[CollectionDefinition(Name)]
public sealed class SharedInfrastructure : ICollectionFixture<PostgresCluster>, ICollectionFixture<RoboCallStub>
{
    public const string Name = "app";
}
