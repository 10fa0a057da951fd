using Flows.AuthServer.FlowDefinitions;

namespace Flows.AuthServer.Tests.Management;

/// <summary>Who a rollout takes: a fixed side per user, about its share of all users, and a fresh draw per rollout.</summary>
public sealed class FlowRolloutShareTests
{
    private static readonly IReadOnlyList<string> Users = Enumerable.Range(0, 20_000).Select(i => $"user-{i}").ToList();

    [Fact]
    public void A_ten_percent_rollout_takes_about_a_tenth_of_users_and_always_the_same_ones()
    {
        var rollout = new FlowRollout(Version: 3, Percent: 10);

        var taken = Users.Where(user => rollout.Takes("env", "flow", user)).ToList();
        var again = Users.Where(user => rollout.Takes("env", "flow", user)).ToList();

        Assert.InRange(taken.Count, 1_800, 2_200);
        Assert.Equal(taken, again);
    }

    [Fact]
    public void Each_rollout_draws_its_own_users_so_no_one_is_always_first()
    {
        var third = Users.Where(user => new FlowRollout(3, 10).Takes("env", "flow", user)).ToHashSet();
        var fourth = Users.Where(user => new FlowRollout(4, 10).Takes("env", "flow", user)).ToHashSet();

        // Independent draws of 10 % share about 1 % of users; the same draw would share all 10 %.
        Assert.InRange(third.Intersect(fourth).Count(), 100, 400);
    }

    [Fact]
    public void A_share_outside_one_to_ninety_nine_percent_is_no_rollout()
    {
        Assert.Null(FlowRollout.Of(2, 0));
        Assert.Null(FlowRollout.Of(2, 100));
        Assert.Null(FlowRollout.Of(null, 10));
        Assert.Equal(new FlowRollout(2, 1), FlowRollout.Of(2, 1));
    }
}
